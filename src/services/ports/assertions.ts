/** Client assertions already used (SMART Backend Services). */
/** SMART Backend Services: each client assertion (jti) is accepted once. */
export interface AssertionsPort {
  /** Records a jti; false when the client already used it. */
  remember(clientId: string, jti: string, expiresAt: Date): Promise<boolean>;
  forgetExpired(before: Date): Promise<void>;
}
