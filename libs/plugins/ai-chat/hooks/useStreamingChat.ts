import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../../auth/hooks/useAuth';
import { apiRequest, toApiError } from '../../auth/lib/api';
import { readNdjson } from '../lib/ndjson';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

interface StreamLine {
  content?: string;
  done?: boolean;
  error?: string;
}

// A conversation with POST /ai/chat_stream: the whole history goes up, the reply streams back
// as NDJSON lines ({"content": "..."} … {"done": true}) and grows the last assistant message.
export function useStreamingChat({ model }: { model?: string } = {}) {
  const { token } = useAuth();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);

  // Leaving the page must not leave a request streaming into an unmounted component.
  useEffect(() => () => abortRef.current?.abort(), []);

  const appendToReply = (text: string) =>
    setMessages((prev) => [...prev.slice(0, -1), { role: 'assistant', content: (prev.at(-1)?.content ?? '') + text }]);
  const dropEmptyReply = () =>
    setMessages((prev) => (prev[prev.length - 1]?.content === '' ? prev.slice(0, -1) : prev));

  async function send(content: string): Promise<void> {
    const text = content.trim();
    if (!text || abortRef.current) return; // one reply at a time
    const history: ChatMessage[] = [...messages, { role: 'user', content: text }];
    setMessages([...history, { role: 'assistant', content: '' }]);
    setError(null);
    setStreaming(true);
    const controller = new AbortController();
    abortRef.current = controller;
    try {
      const res = await apiRequest('/ai/chat_stream', {
        token,
        signal: controller.signal,
        body: { messages: history, ...(model ? { model } : {}) },
      });
      if (!res.ok) throw await toApiError(res);
      if (!res.body) throw new Error('The response has no body to stream.');
      for await (const line of readNdjson(res.body)) {
        const { content: piece, done, error: streamError } = line as StreamLine;
        if (streamError) throw new Error(streamError);
        if (piece) appendToReply(piece);
        if (done) break;
      }
    } catch (err) {
      if (!controller.signal.aborted) setError(err instanceof Error ? err.message : String(err));
    } finally {
      dropEmptyReply();
      abortRef.current = null;
      setStreaming(false);
    }
  }

  function stop(): void {
    abortRef.current?.abort();
  }

  function reset(): void {
    stop();
    setMessages([]);
    setError(null);
  }

  return { messages, streaming, error, send, stop, reset };
}
