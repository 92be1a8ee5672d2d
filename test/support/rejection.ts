// The BackendError a backend call ends with (the service tests check what the user is told).
import * as assert from 'node:assert/strict';
import { BackendError } from '../../core/jobs/backend';

export async function rejection(p: Promise<unknown>): Promise<BackendError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof BackendError, `expected a BackendError, got ${String(err)}`);
  return err;
}
