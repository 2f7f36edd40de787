// `require('@swc-node/register')` is run for its effect (TypeScript sources become requirable);
// the package's index has no types of its own.
declare module '@swc-node/register';
