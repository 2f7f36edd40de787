/** The generated backend's setup module for middleware, routers, models, collections and tasks (hosts.ts assembles it). */
export const integrationModule = 'integration.py';
