"""Tests: import generated pydantic config models and validate configs with them, the way the
backend does. stdin: {"modules": [{"source", "configs": [...]}]}; stdout, in the same order:
[{"error"?, "results": [{"value"} | {"rejected"}]}]. A warning while importing is an error: the
generated code must not make pydantic warn."""
import importlib
import json
import os
import sys
import tempfile
import traceback
import warnings

import pydantic


def main():
    modules = json.load(sys.stdin)["modules"]
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        for i, module in enumerate(modules):
            name = "config_model_%d" % i
            with open(os.path.join(tmp, name + ".py"), "w", encoding="utf-8", errors="surrogatepass") as handle:
                handle.write(module["source"])
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    model = importlib.import_module(name).PluginConfig
            except Exception:
                out.append({"error": traceback.format_exc(limit=-3), "results": []})
                continue
            out.append({"results": [validate(model, config) for config in module["configs"]]})
    sys.stdout.write(json.dumps(out, ensure_ascii=True))


def validate(model, config):
    try:
        value = model.model_validate(config)
    except pydantic.ValidationError as error:
        return {"rejected": [e["type"] for e in error.errors()]}
    return {"value": value.model_dump(by_alias=True)}


if __name__ == "__main__":
    main()
