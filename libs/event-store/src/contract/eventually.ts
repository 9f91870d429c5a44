/**
 * Retries `assertion` until it passes or `timeoutMs` runs out, then throws its
 * last failure: for what a subscription delivers at its own pace.
 */
export async function eventually(assertion: () => void | Promise<void>, { timeoutMs = 5000, intervalMs = 5 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
