/**
 * The learner's own work (answers, the state they left a lesson in) in localStorage, one record
 * per lesson. Each record carries a format version and a checksum of its payload, so a record
 * that was truncated, hand-edited or written by something else is detected, removed and reported
 * with a notice; the lesson then starts fresh instead of failing. Storage that is missing or
 * full (private mode, quotas, sandboxed iframes) degrades to memory only.
 */

export const STORE_VERSION = 1;
const PREFIX = 'loss-lab:';

export interface LessonWork {
  /** The question id -> the answer the learner chose (an option id or a number as text). */
  answers: Record<string, string>;
  /** The encoded lesson state (see params.ts encodeState) they last saw. */
  state?: string;
}

export interface LoadResult {
  work: LessonWork;
  /** Set when a stored record was unreadable and has been reset. */
  notice?: string;
}

/** FNV-1a over UTF-16 code units: cheap, and enough to notice accidental corruption. */
export function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function emptyWork(): LessonWork {
  return { answers: Object.create(null) as Record<string, string> };
}

/** Validates a parsed payload field by field; anything unexpected makes the record invalid. */
export function validateWork(data: unknown): LessonWork | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  const work = emptyWork();
  const answers = record.answers;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return undefined;
  for (const [key, value] of Object.entries(answers)) {
    if (typeof value !== 'string' || value.length > 200 || key.length > 100) return undefined;
    work.answers[key] = value;
  }
  if (record.state !== undefined) {
    if (typeof record.state !== 'string' || record.state.length > 20000) return undefined;
    work.state = record.state;
  }
  return work;
}

function storage(): Storage | undefined {
  try {
    const s = globalThis.localStorage;
    return s ?? undefined;
  } catch {
    return undefined; // access itself can throw (sandboxed iframe, blocked cookies)
  }
}

export class WorkStore {
  private memory = new Map<string, string>();

  constructor(private readonly backend: Storage | undefined = storage()) {}

  private key(slug: string) {
    return `${PREFIX}${slug}`;
  }

  private read(key: string): string | null {
    try {
      if (this.backend) return this.backend.getItem(key);
    } catch {
      /* fall through to memory */
    }
    return this.memory.get(key) ?? null;
  }

  private write(key: string, value: string | null): void {
    if (value === null) this.memory.delete(key);
    else this.memory.set(key, value);
    try {
      if (!this.backend) return;
      if (value === null) this.backend.removeItem(key);
      else this.backend.setItem(key, value);
    } catch {
      /* full or blocked: the memory copy keeps the session working */
    }
  }

  load(slug: string): LoadResult {
    const raw = this.read(this.key(slug));
    if (raw === null) return { work: emptyWork() };
    let work: LessonWork | undefined;
    try {
      const envelope = JSON.parse(raw) as unknown;
      if (typeof envelope === 'object' && envelope !== null) {
        const { v, sum, data } = envelope as { v?: unknown; sum?: unknown; data?: unknown };
        if (v === STORE_VERSION && typeof data === 'string' && sum === checksum(data)) {
          work = validateWork(JSON.parse(data));
        }
      }
    } catch {
      work = undefined;
    }
    if (!work) {
      this.write(this.key(slug), null);
      return {
        work: emptyWork(),
        notice: 'Your saved work for this lesson could not be read (the stored copy was damaged), so it was reset. The lesson starts fresh.',
      };
    }
    return { work };
  }

  save(slug: string, work: LessonWork): void {
    const data = JSON.stringify(work);
    this.write(this.key(slug), JSON.stringify({ v: STORE_VERSION, sum: checksum(data), data }));
  }

  clear(slug: string): void {
    this.write(this.key(slug), null);
  }
}
