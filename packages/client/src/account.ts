/** The signed-in user's account, as `GET /auth/account` answers it. */
export interface Account {
  id: string;
  email: string;
  emailVerified: boolean;
  /** False for an account that signs in with passkeys or emailed codes only. */
  hasPassword: boolean;
  createdAt: string;
  /** A change of address waiting for the code sent to the new one. */
  pendingEmail: { email: string; expiresAt: string } | null;
}

/** A requested change of address: a code (and a link) went to `pendingEmail`. */
export interface PendingEmailChange {
  pendingEmail: string;
  expiresAt: string;
}

/** One signed-in browser of the user, as `GET /auth/account/sessions` lists them. */
export interface AccountSession {
  /** Opaque; pass to `revokeSession`. Never the cookie or its hash. */
  id: string;
  /** This browser. */
  current: boolean;
  /** `Chrome 131`, `Safari 18`, … or null. */
  browser: string | null;
  /** `Windows`, `macOS`, `iOS`, `Android`, … or null. */
  os: string | null;
  device: 'desktop' | 'mobile' | 'tablet' | 'unknown';
  /** The network it was last seen from: IPv4 /24 or IPv6 /48, e.g. `203.0.113.0/24`. */
  ipArea: string | null;
  createdAt: string;
  lastSeenAt: string;
}

/** "Download my data": everything stored about the user, by section. */
export interface AccountExport {
  exportedAt: string;
  userId: string;
  sections: Record<string, unknown>;
}
