import importlib
import sys
import uuid
from pathlib import Path

import pytest

from farm.plugins import get_plugin_config, mount_plugin, set_plugin_config, workspace_root


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def plugin_dir(tmp_path):
    """A plugin folder named like an npm package, no __init__.py at its root."""
    root = tmp_path / "libs" / "plugins" / "my-plugin"
    write(root / "models" / "thing.py", "VALUE = 'thing'\n")  # implicit namespace package
    write(root / "routers" / "__init__.py", "")  # regular package
    write(root / "routers" / "api.py", "from ..models.thing import VALUE\nfrom .helpers import twice\nRESULT = twice(VALUE)\n")
    write(root / "routers" / "helpers.py", "def twice(s):\n    return s + s\n")
    write(root / "top.py", "from .routers.api import RESULT as R\n")
    return root


def alias():
    return "t_" + uuid.uuid4().hex[:8]


def test_relative_imports_across_namespace_and_regular_packages(plugin_dir):
    name = alias()
    mount_plugin(name, str(plugin_dir))
    api = importlib.import_module("farm_plugins.%s.routers.api" % name)
    assert api.RESULT == "thingthing"
    assert importlib.import_module("farm_plugins.%s.top" % name).R == "thingthing"
    assert api.__file__ == str(plugin_dir / "routers" / "api.py")
    assert list(sys.modules["farm_plugins.%s.models" % name].__path__) == [str(plugin_dir / "models")]


def test_paths_are_relative_to_the_workspace_root(plugin_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("FARM_WORKSPACE_ROOT", str(tmp_path))
    assert workspace_root() == tmp_path.resolve()
    name = alias()
    module = mount_plugin(name, "libs/plugins/my-plugin")
    assert module.__path__ == [str(plugin_dir.resolve())]
    assert mount_plugin(name, "libs/plugins/my-plugin") is module  # idempotent
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(RuntimeError, match="already mounted"):
        mount_plugin(name, str(other))
    with pytest.raises(FileNotFoundError):
        mount_plugin(alias(), "libs/plugins/missing")
    with pytest.raises(ValueError):
        mount_plugin("ai-chat", "libs/plugins/my-plugin")


def test_workspace_root_defaults_to_the_nx_folder(monkeypatch):
    monkeypatch.delenv("FARM_WORKSPACE_ROOT", raising=False)
    root = workspace_root()
    assert (root / "nx.json").is_file() and (root / "apps" / "backend" / "src" / "farm").is_dir()


def test_real_plugins_import_each_other():
    import plugins.integration  # noqa: F401  (mounts auth and ai_chat)
    from farm_plugins.ai_chat.routers import chat
    from farm_plugins.auth.security import CurrentUser

    assert CurrentUser is chat.CurrentUser


def test_plugin_config_is_copied():
    set_plugin_config("@test/x", {"nested": {"a": 1}})
    got = get_plugin_config("@test/x")
    got["nested"]["a"] = 2
    assert get_plugin_config("@test/x") == {"nested": {"a": 1}}
    assert get_plugin_config("@test/unknown") == {}
