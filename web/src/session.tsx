import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, post, setCsrfToken } from './api';

/** Who is signed in, as the header shows them. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  actions: string[];
  orgId: string | null;
  org: { name: string; nameEn: string } | null;
  jurisdiction: { code: string; name: string; nameEn: string | null }[];
}

interface Session {
  me: Me | null;
  /** False until the first /api/auth/me has answered. */
  ready: boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  can(action: string): boolean;
}

const Ctx = createContext<Session | null>(null);

async function describe(user: { id: string; label?: string; username?: string; displayName?: string; roles: string[]; orgId: string | null; jurisdiction: string[] }, actions: string[]): Promise<Me> {
  const org = user.orgId ? await api<{ org: { name: string; nameEn: string } }>(`/api/orgs/${encodeURIComponent(user.orgId)}`).then((r) => r.org).catch(() => null) : null;
  const jurisdiction = await Promise.all(
    user.jurisdiction.map((code) =>
      api<{ code: string; name: string; nameEn: string | null }>(`/api/regions/${code}`)
        .then((r) => ({ code, name: r.name, nameEn: r.nameEn }))
        .catch(() => ({ code, name: code, nameEn: null })),
    ),
  );
  const username = user.username ?? user.label ?? user.id;
  return { id: user.id, username, displayName: user.displayName ?? username, roles: user.roles, actions, orgId: user.orgId, org, jurisdiction };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    api<{ actor: { id: string; label: string; roles: string[]; orgId: string | null; jurisdiction: string[] }; csrfToken: string | null; actions: string[] }>('/api/auth/me')
      .then(async (r) => {
        setCsrfToken(r.csrfToken);
        const name = localStorage.getItem(`citywork.name.${r.actor.id}`);
        setMe(await describe({ ...r.actor, displayName: name ?? undefined }, r.actions));
      })
      .catch((err) => {
        if (!(err instanceof ApiError) || err.kind !== 'unauthenticated') console.warn(err);
      })
      .finally(() => setReady(true));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await post<{ user: { id: string; username: string; displayName: string; roles: string[]; orgId: string | null; jurisdiction: string[] }; csrfToken: string; actions: string[] }>('/api/auth/login', { username, password });
    setCsrfToken(r.csrfToken);
    localStorage.setItem(`citywork.name.${r.user.id}`, r.user.displayName);
    const described = await describe(r.user, r.actions);
    setMe(described);
    return described;
  }, []);

  const logout = useCallback(async () => {
    await post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    setMe(null);
  }, []);

  const can = useCallback((action: string) => !!me?.actions.includes(action), [me]);
  return <Ctx.Provider value={{ me, ready, login, logout, can }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
