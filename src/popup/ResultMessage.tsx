/** The outcome of something the user asked for: a status when it worked, an alert when it did not. */
export type Result = { ok: boolean; text: string } | null;

export function ResultMessage({ result }: { result: Result }) {
  if (!result) return null;
  return (
    <p class={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'}>
      {result.text}
    </p>
  );
}
