import type { z } from 'zod';
import type { SessionView } from '../../../api/src/security/session/session.schemas.js';
import { forgetAnswers, sendJson, SESSION } from './client.js';

export type Session = z.infer<typeof SessionView>;
export type Principal = NonNullable<Session['principal']>;

/** The operator's key reaches every org; every other principal belongs to one. */
export const isOperator = (principal: Principal): boolean => principal.orgId === '*';

export const currentSession = () => sendJson<Session>('GET', SESSION);

/** The engine answers with a cookie the page cannot read; what was loaded before belonged to someone else. */
export async function signIn(credential: string): Promise<Session> {
  const session = await sendJson<Session>('POST', SESSION, { credential });
  forgetAnswers();
  return session;
}

export async function signOut(): Promise<void> {
  await sendJson<null>('DELETE', SESSION);
  forgetAnswers();
}
