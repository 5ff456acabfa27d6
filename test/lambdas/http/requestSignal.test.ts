import { getEventListeners } from 'node:events';
import { requestSignal } from '../../../lambdas/http/requestSignal';

describe('requestSignal', () => {
  it('aborts with the parent, passing on its reason', () => {
    const parent = new AbortController();
    const { signal } = requestSignal(parent.signal);
    const reason = new Error('the run was paused');
    parent.abort(reason);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(reason);
  });

  it('leaves no listener on the parent once released, and no longer follows it', () => {
    const parent = new AbortController();
    const requests = Array.from({ length: 50 }, () => requestSignal(parent.signal));
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(50);
    for (const request of requests) request.release();
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
    parent.abort();
    expect(requests.every((r) => r.signal?.aborted === false)).toBe(true);
  });

  it('starts aborted under an aborted parent, and has no signal without a parent', () => {
    expect(requestSignal(AbortSignal.abort('stopped')).signal?.reason).toBe('stopped');
    expect(requestSignal(undefined).signal).toBeUndefined();
  });
});
