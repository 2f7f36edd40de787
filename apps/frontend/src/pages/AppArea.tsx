import { ChatWindow, useUser, type UseUserHook } from '../pluginSlots';

// The signed-in area (/app): who you are, and the chat when the ai-chat plugin is active.
export default function AppArea() {
  return (
    <main className="host__main">
      <h1>App</h1>
      {useUser ? <SignedInAs useUser={useUser} /> : <p>No auth plugin is active.</p>}
      {ChatWindow ? <ChatWindow /> : <p>No chat plugin is active.</p>}
    </main>
  );
}

function SignedInAs({ useUser }: { useUser: UseUserHook }) {
  const { user, loading, error } = useUser();
  if (loading) return <p role="status">Loading your profile…</p>;
  if (error || !user) return <p role="alert">Could not load your profile{error ? `: ${error}` : ''}.</p>;
  return (
    <p data-testid="signed-in-as">
      Signed in as <strong>{user.email}</strong>
    </p>
  );
}
