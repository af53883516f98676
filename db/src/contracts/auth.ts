import { z } from 'zod';

export const CredentialsSchema = z.object({
  username: z
    .string()
    .min(3)
    .max(40)
    .regex(/^[a-z0-9_.-]+$/, 'use 3–40 of a-z, 0-9, _ . -'),
  password: z.string().min(10, 'a password needs at least 10 characters').max(200),
});
export type Credentials = z.infer<typeof CredentialsSchema>;

export const UserSchema = z.object({ id: z.string(), username: z.string() });
export const AuthResponseSchema = z.object({ token: z.string(), user: UserSchema });
export type AuthResponse = z.infer<typeof AuthResponseSchema>;
