import { fullFormats } from 'ajv-formats/dist/formats';
import * as semver from 'semver';

/**
 * The string formats FARM's schemas use, shared by the ajv instance and by the precompiled
 * validators (which `require` this module by path: see precompiled-validators.ts).
 */
export const semverFormats = {
  semver: (v: string) => semver.valid(v) !== null,
  'semver-range': (v: string) => semver.validRange(v) !== null,
};

export const formats = { ...fullFormats, ...semverFormats };
