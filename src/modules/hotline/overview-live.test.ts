import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/context.js';
import { projectCaseEvents } from './overview-routes.js';

const actor = (roles: string[], orgId: string | null = null, jurisdiction: string[] = []): Actor => ({ kind: 'user', id: 'u', label: 'u', roles, orgId, jurisdiction, cityCode: '110000' });
const event = (id: number, regionCode: string, orgCode: string | null) => ({ id, cityCode: '110000', topic: 'hotline.case.changed', payload: { caseId: `case_${id}`, number: String(id), action: 'accept', to: 'accepted', regionCode, orgCode } });
const events = [event(1, '110105001026', '110105001-street'), event(2, '110108001000', '110108-cgw'), { id: 3, cityCode: '110000', topic: 'hotline.kb.changed', payload: {} }];

describe('the live stream of case changes', () => {
  it('shows hotline staff the cases of their jurisdiction', () => {
    expect(projectCaseEvents(actor(['operator']), events)?.cases.map((c) => c.caseId)).toEqual(['case_1', 'case_2']);
    expect(projectCaseEvents(actor(['assessor'], null, ['110105']), events)?.cases.map((c) => c.caseId)).toEqual(['case_1']);
  });

  it('shows an office only its own cases, and a bare count for the rest', () => {
    const seen = projectCaseEvents(actor(['handler'], '110105001-street', ['110105001']), events)!;
    expect(seen.cases.map((c) => c.caseId)).toEqual(['case_1']);
    expect(seen.changed).toBe(2);
  });

  it('tells a citizen nothing of other people’s cases, and ignores other topics and cities', () => {
    expect(projectCaseEvents(actor(['citizen']), events)).toBeNull();
    expect(projectCaseEvents(actor(['operator']), [events[2]!])).toBeNull();
    expect(projectCaseEvents({ ...actor(['operator']), cityCode: '310000' }, events)).toBeNull();
  });
});
