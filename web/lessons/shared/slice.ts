/**
 * Time slicing for the JavaScript a compute runs on the page between two engine calls (a
 * bootstrap, a loop that prepares many calls). `const slice = timeSlicer()`, then `await slice()`
 * inside the loop: it returns at once while the loop has run for less than SLICE_MS since the last
 * yield, and otherwise gives the page a task boundary first, so a key press or a frame waits at
 * most that long behind the loop (Interaction to Next Paint, long tasks).
 */
export const SLICE_MS = 6;

/** A new macrotask: scheduler.yield where the browser has it, else a message to ourselves (no 4 ms timer clamp). */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?(): Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(null);
  });
}

export function timeSlicer(budgetMs = SLICE_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTask();
    since = performance.now();
  };
}
