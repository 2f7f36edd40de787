import { useEffect, useRef } from 'react';
import type { ChatMessage } from '../hooks/useStreamingChat';
import '../ai-chat.css';

export interface MessageListProps {
  messages: ChatMessage[];
  streaming?: boolean;
}

export default function MessageList({ messages, streaming }: MessageListProps) {
  const endRef = useRef<HTMLLIElement>(null);

  // Keep the newest text in view while a reply streams in.
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [messages]);

  return (
    <ol className="farm-chat__messages" aria-live="polite" aria-busy={streaming} data-testid="message-list">
      {messages.length === 0 && <li className="farm-chat__empty">Ask anything to start the conversation.</li>}
      {messages.map((message, index) => (
        <li
          key={index}
          className={`farm-chat__message farm-chat__message--${message.role}`}
          data-role={message.role}
          data-testid="chat-message"
        >
          {message.content || (streaming ? '…' : '')}
        </li>
      ))}
      <li ref={endRef} aria-hidden="true" />
    </ol>
  );
}
