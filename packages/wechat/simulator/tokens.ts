import { randomBytes } from "node:crypto";

/** How WeChat issues and retires access tokens, on a clock the tests control. */

export type TokenCheck = "ok" | "missing" | "malformed" | "unknown" | "expired";

interface Issued {
  value: string;
  kind: "classic" | "stable";
  expiresAt: number;
  /** Set when a newer token of the same kind replaced it: it stops working then. */
  retiresAt?: number;
}

export interface TokenAuthorityOptions {
  now: () => number;
  /** Lifetime of a token. WeChat: 7200 s. */
  ttlSeconds: number;
  /** How long a classic token keeps working after a new one is issued. WeChat: 5 minutes. */
  classicOverlapMs: number;
  /** In normal mode, a stable token this close to expiry is renewed. WeChat: 5 minutes. */
  stableRenewWindowMs: number;
  /** force_refresh is ignored when the last one was less than this ago. WeChat: 30 s. */
  forceRefreshIntervalMs: number;
}

export class TokenAuthority {
  private readonly tokens = new Map<string, Issued>();
  private currentClassic: Issued | undefined;
  private currentStable: Issued | undefined;
  private lastForceRefresh = Number.NEGATIVE_INFINITY;
  /** Counts by kind, for assertions. */
  readonly issuedCount = { classic: 0, stable: 0 };

  constructor(private readonly options: TokenAuthorityOptions) {}

  /** GET /cgi-bin/token: always a new token; the previous one retires after the overlap. */
  issueClassic(): Issued {
    const now = this.options.now();
    if (this.currentClassic) this.currentClassic.retiresAt = Math.min(this.currentClassic.retiresAt ?? Infinity, now + this.options.classicOverlapMs);
    this.currentClassic = this.mint("classic");
    return this.currentClassic;
  }

  /** POST /cgi-bin/stable_token: the same token while it has time left, unless forced. */
  issueStable(forceRefresh: boolean): Issued {
    const now = this.options.now();
    const current = this.currentStable;
    if (forceRefresh && current && now - this.lastForceRefresh < this.options.forceRefreshIntervalMs) return current;
    if (forceRefresh) {
      this.lastForceRefresh = now;
      if (current) current.retiresAt = now;
    } else if (current && current.expiresAt - now > this.options.stableRenewWindowMs && (current.retiresAt ?? Infinity) > now) {
      return current;
    }
    this.currentStable = this.mint("stable");
    return this.currentStable;
  }

  check(value: string | null): TokenCheck {
    if (!value) return "missing";
    if (!/^[A-Za-z0-9_-]{16,512}$/.test(value)) return "malformed";
    const token = this.tokens.get(value);
    if (!token) return "unknown";
    const now = this.options.now();
    if (token.retiresAt !== undefined && now >= token.retiresAt) return "unknown";
    return now >= token.expiresAt ? "expired" : "ok";
  }

  /** Invalidates every token at once, as a leaked-token reset would. */
  revokeAll(): void {
    const now = this.options.now();
    for (const token of this.tokens.values()) token.retiresAt = now;
    this.currentClassic = undefined;
    this.currentStable = undefined;
  }

  /** Every token value issued so far: secrets a test may want kept out of what it records. */
  issuedValues(): string[] {
    return [...this.tokens.keys()];
  }

  expiresIn(token: Issued): number {
    return Math.max(0, Math.round((token.expiresAt - this.options.now()) / 1000));
  }

  private mint(kind: "classic" | "stable"): Issued {
    this.issuedCount[kind]++;
    const token: Issued = { value: `${kind === "stable" ? "S" : "C"}${randomBytes(24).toString("base64url")}`, kind, expiresAt: this.options.now() + this.options.ttlSeconds * 1000 };
    this.tokens.set(token.value, token);
    return token;
  }
}
