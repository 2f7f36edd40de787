/** `farm dev` (issue 7): the edit-to-live loop, and a self-hosted Nx remote cache server. */
export { runDevLoop, type DevLoop } from './dev-loop';
export { devMain, devUsage, parseDevArgs } from './cli';
export type { DevLoopOptions, IntegrateStrategy } from './options';
export {
  startRemoteCacheServer,
  type RemoteCacheServer,
  type RemoteCacheServerOptions,
} from './remote-cache/remote-cache-server';
