export { loadFarmState, type FarmFileHost, type FarmState } from './load-farm-state';
