// The `next` query parameter comes from the URL, so only same-origin paths are honoured
// ("//evil.example" and "/\evil" would leave the site).
export function safeNext(next: string | null, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
