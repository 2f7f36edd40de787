import type { ComponentType, ReactNode } from 'react';
import { PluginComponents } from './plugins/components';
import { PluginHooks } from './plugins/hooks';

// The host fills optional slots from whatever the active plugins provide. The generated indexes
// may be empty (`{}`), so each slot is an `in` check; the cast states what the host needs from
// the plugin, which compiles against both the empty (unknown) and the populated shape.

export type UseAuthHook = () => { isAuthenticated: boolean; logout: () => void };
export type UseUserHook = () => { user: { email: string } | null; loading: boolean; error: string | null };

export const ProtectedRoute =
  'ProtectedRoute' in PluginComponents
    ? (PluginComponents.ProtectedRoute as ComponentType<{ children: ReactNode }>)
    : undefined;

export const ChatWindow = 'ChatWindow' in PluginComponents ? (PluginComponents.ChatWindow as ComponentType) : undefined;

export const useAuth = 'useAuth' in PluginHooks ? (PluginHooks.useAuth as UseAuthHook) : undefined;

export const useUser = 'useUser' in PluginHooks ? (PluginHooks.useUser as UseUserHook) : undefined;
