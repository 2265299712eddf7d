/** A case as GET /api/hotline/cases/:id shows it (src/modules/hotline/views.ts). */
export interface CaseView {
  id: string;
  number: string;
  channel: string;
  kind: string;
  category: { code: string; name: string; path: string; pathEn: string } | null;
  title: string | null;
  description: string;
  urgency: string;
  location: { lon: number | null; lat: number | null; address: string | null; regionCode: string | null; source: string };
  citizen: { name: string | null; phone: string | null; withheld: boolean; confidential: boolean };
  status: string;
  statusName: { zh: string; en: string };
  org: { code: string; name: string } | null;
  proposal: { org: { code: string; name: string } | null; ruleId: number | null; reason: string | null };
  deadlines: { tier: string; response: string | null; handling: string | null; callback: string | null; paused: boolean; overdue: string[]; warned: string[] };
  pending: { type: string; requestedBy: string; requestedAt: string; reason: string; until?: string } | null;
  reply: string | null;
  resolved: boolean | null;
  satisfaction: string | null;
  receivedAt: string;
  updatedAt: string;
  rowVersion: number;
  actions: string[];
}

export interface TimelineEntry {
  id: number;
  at: string;
  action: string;
  from: string | null;
  to: string | null;
  actor: string;
  org: string | null;
  note: string | null;
}

export interface Category {
  code: string;
  parent: string | null;
  level: number;
  name: string;
  nameEn: string;
  path: string;
  pathEn: string;
}
