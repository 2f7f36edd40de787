export { checkSecurityPolicy, type SecurityCheckInput, type SecurityCheckResult } from './check-security-policy';
export type { NeedSource, SecurityNeed, SecurityViolation } from './types';
