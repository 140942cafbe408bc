/**
 * Work for the next animation frame, coalescing bursts of requests (a drag fires dozens of events
 * per frame; the figure should redraw once). Call the returned function to request a run;
 * `cancel()` drops a pending one (for a lesson's cleanup).
 */
export type FrameRequest = (() => void) & { cancel(): void };

export function frameScheduler(work: () => void): FrameRequest {
  let id: number | undefined;
  const request = (() => {
    if (id !== undefined) return;
    id = requestAnimationFrame(() => {
      id = undefined;
      work();
    });
  }) as FrameRequest;
  request.cancel = () => {
    if (id !== undefined) cancelAnimationFrame(id);
    id = undefined;
  };
  return request;
}
