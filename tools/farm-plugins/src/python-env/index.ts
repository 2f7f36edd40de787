export { installedDistributions } from './installed-distributions';
export { lockInputsDigest, resolvePythonLock, type PythonLockResult, type PythonRequirement } from './python-lock';
export { gateSiteCache, missingPins, stageMissingPackages } from './stage-missing-packages';
export { syncVenv, syncVenvAfterWrite } from './sync-venv';
export { pythonLockPath, venvDir, venvPython } from './venv-paths';
