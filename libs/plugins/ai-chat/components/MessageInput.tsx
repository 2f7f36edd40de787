import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import '../ai-chat.css';

export interface MessageInputProps {
  onSend: (content: string) => void;
  onStop?: () => void;
  streaming?: boolean;
  disabled?: boolean;
}

export default function MessageInput({ onSend, onStop, streaming, disabled }: MessageInputProps) {
  const [draft, setDraft] = useState('');
  const id = useId(); // several chat windows may share a page

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!draft.trim() || streaming || disabled) return;
    onSend(draft);
    setDraft('');
  }

  // Enter sends, Shift+Enter starts a new line (IME composition must not send).
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  return (
    <form className="farm-chat__input" onSubmit={submit}>
      <label className="farm-chat__sr-only" htmlFor={id}>
        Message
      </label>
      <textarea
        id={id}
        rows={2}
        value={draft}
        placeholder="Type a message…"
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid="message-input"
      />
      {streaming && onStop ? (
        <button type="button" onClick={onStop} data-testid="message-stop">
          Stop
        </button>
      ) : (
        <button type="submit" disabled={disabled || streaming || !draft.trim()} data-testid="message-send">
          Send
        </button>
      )}
    </form>
  );
}
