// Yields one parsed JSON value per line of a newline-delimited JSON byte stream. A line may
// arrive split across chunks, so text is buffered until its newline (or the end) arrives.
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = done ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        if (line.trim()) yield JSON.parse(line);
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
