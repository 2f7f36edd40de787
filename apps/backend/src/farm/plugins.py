"""Mount plugin folders as importable packages and hold each plugin's resolved config.

Plugin folders are named like npm packages (``ai-chat``), which Python cannot import, so each
folder is registered as ``farm_plugins.<alias>``: a package module whose ``__path__`` is the
folder. The normal import system then finds submodules there, so relative imports inside a
plugin and ``from farm_plugins.auth.security import ...`` from another plugin both work, and
subfolders may be regular packages or implicit namespace packages (no ``__init__.py``).
"""
from __future__ import annotations

import copy
import importlib.machinery
import importlib.util
import os
import sys
import types
from pathlib import Path
from typing import Any, Dict

NAMESPACE = "farm_plugins"

_configs: Dict[str, Dict[str, Any]] = {}


def workspace_root() -> Path:
    """FARM_WORKSPACE_ROOT, else the nearest folder above this file holding nx.json."""
    env = os.environ.get("FARM_WORKSPACE_ROOT")
    if env:
        return Path(env).resolve()
    for folder in Path(__file__).resolve().parents:
        if (folder / "nx.json").is_file():
            return folder
    raise RuntimeError(
        "cannot find the workspace root: no nx.json above %s; set FARM_WORKSPACE_ROOT" % __file__
    )


def _package_module(name: str, path: list) -> types.ModuleType:
    # A spec with submodule_search_locations makes the module a package for importlib
    # (relative imports resolve through __package__/__spec__.parent).
    spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
    spec.submodule_search_locations = path
    module = importlib.util.module_from_spec(spec)
    module.__path__ = path
    return module


def _namespace() -> types.ModuleType:
    module = sys.modules.get(NAMESPACE)
    if module is None:
        module = _package_module(NAMESPACE, [])
        sys.modules[NAMESPACE] = module
    return module


def mount_plugin(alias: str, path: str) -> types.ModuleType:
    """Register ``farm_plugins.<alias>`` for the plugin folder ``path`` (workspace-relative).

    Idempotent for the same folder (integration.py and ai_config.py both mount); mounting a
    different folder under a taken alias is an error rather than a silent swap of code.
    """
    if not alias.isidentifier():
        raise ValueError("plugin alias %r is not a Python identifier" % alias)
    folder = Path(path)
    if not folder.is_absolute():
        folder = workspace_root() / folder
    folder = folder.resolve()
    if not folder.is_dir():
        raise FileNotFoundError("plugin folder for %r not found: %s" % (alias, folder))

    name = "%s.%s" % (NAMESPACE, alias)
    existing = sys.modules.get(name)
    if existing is not None:
        if list(existing.__path__) == [str(folder)]:
            return existing
        raise RuntimeError(
            "plugin alias %r is already mounted at %s, cannot mount %s"
            % (alias, list(existing.__path__), folder)
        )
    module = _package_module(name, [str(folder)])
    sys.modules[name] = module
    setattr(_namespace(), alias, module)
    return module


def set_plugin_config(name: str, config: Dict[str, Any]) -> None:
    """Store a plugin's resolved config (defaults already applied by the generator)."""
    _configs[name] = copy.deepcopy(dict(config))


def get_plugin_config(name: str) -> Dict[str, Any]:
    """A copy of the plugin's config, ``{}`` if none was set (so callers can't mutate it)."""
    return copy.deepcopy(_configs.get(name, {}))
