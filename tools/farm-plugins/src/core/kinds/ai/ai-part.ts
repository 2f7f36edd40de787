/** The generated backend's AI setup module (hosts.ts assembles it). */
export const aiConfigModule = 'ai_config.py';
