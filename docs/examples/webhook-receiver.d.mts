import type { Server } from 'node:http';

export function verifySignature(secret: string, rawBody: Buffer | string, header: string | string[] | undefined): boolean;
export function createReceiver(secret: string, onDelivery: (body: any) => void, seen?: Set<string>): Server;
