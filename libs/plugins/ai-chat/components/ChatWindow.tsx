import { useState } from 'react';
import { useAIModels } from '../hooks/useAIModels';
import { useStreamingChat } from '../hooks/useStreamingChat';
import MessageInput from './MessageInput';
import MessageList from './MessageList';
import ModelSelector from './ModelSelector';
import '../ai-chat.css';

export interface ChatWindowProps {
  title?: string;
}

// A streaming chat with a model picker; requires a signed-in user (the API needs the token).
export default function ChatWindow({ title = 'AI chat' }: ChatWindowProps) {
  const { models, loading, error: modelsError } = useAIModels();
  const [picked, setPicked] = useState('');
  // Until the user picks one, use the first model the server offers.
  const model = picked && models.includes(picked) ? picked : models[0];
  const chat = useStreamingChat({ model });
  const error = chat.error ?? modelsError;

  return (
    <section className="farm-chat" aria-label={title} data-testid="chat-window">
      <header className="farm-chat__header">
        <h2>{title}</h2>
        <ModelSelector models={models} value={model ?? ''} onChange={setPicked} disabled={loading || chat.streaming} />
      </header>
      <MessageList messages={chat.messages} streaming={chat.streaming} />
      {error && (
        <p className="farm-chat__error" role="alert" data-testid="chat-error">
          {error}
        </p>
      )}
      <MessageInput onSend={(text) => void chat.send(text)} onStop={chat.stop} streaming={chat.streaming} />
    </section>
  );
}
