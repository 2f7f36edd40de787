export { integrateHost, type HostKind, type IntegrateInput, type IntegrateResult } from './integrate-host';
export {
  integrateHosts,
  type HostIntegration,
  type IntegrateHostsResult,
  type IntegrationInputs,
} from './integrate-hosts';
