import { z } from 'zod';
import { Principal } from '../principal.js';

export const SignInRequest = z.strictObject({
  credential: z
    .string()
    .min(1)
    .max(8192)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces')
    .meta({ description: 'An API key or an SSO JWT: verified once, never kept in the cookie' }),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

export const SessionView = z.object({
  principal: Principal.nullable().meta({ description: 'Who the request is authenticated as; null: nobody' }),
  expiresAt: z.iso.datetime().nullable().meta({ description: "When the session cookie's session ends; null without one" }),
});
export type SessionView = z.infer<typeof SessionView>;
