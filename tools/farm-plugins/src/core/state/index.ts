export { loadFarmState, type WorkspaceReader, type FarmState } from './load-farm-state';
