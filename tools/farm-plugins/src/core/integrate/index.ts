export { integrateHost, type HostKind, type IntegrateInput, type IntegrateResult } from './integrate-host';
