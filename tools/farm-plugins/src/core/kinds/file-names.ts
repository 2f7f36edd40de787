/**
 * The file names each kind's entries point at, for the dev loop: creating or deleting one of these
 * under a plugin can change what integrate finds (it asks whether declared files exist).
 */
export const pythonFiles = /\.py$/;
/** What the generated frontend imports as code (frontend-imports.ts) and Vite runs as a plugin module. */
export const scriptFiles = /\.(tsx?|jsx?|mts|mjs|cjs)$/;
export const styleFiles = /\.(css|scss|sass|less)$/;
