import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import zh from './zh-CN';
import en from './en';

export type Lang = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zh;
export const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };
export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const storageKey = 'citywork.lang';

/** The language to start in: the one chosen before, else the browser's (Chinese → zh-CN, anything else → English). */
export function initialLang(): Lang {
  const saved = localStorage.getItem(storageKey);
  if (saved === 'zh-CN' || saved === 'en') return saved;
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  return langs.some((l) => l?.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** Puts each parameter's value where the text names it in braces: `rank {rank} of {of}`. */
export function format(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: T;
  /** Picks the zh or en form of a name the API gives in both. */
  pick: (zh: string | null | undefined, en: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  number: (n: number | null | undefined, digits?: number) => string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(storageKey, l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = lang;
    const dict = dictionaries[lang];
    const dtf = new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
    return {
      lang,
      setLang,
      t: (key, params) => format(dict[key] ?? key, params),
      pick: (z, e) => (lang === 'en' ? e || z || '' : z || e || ''),
      dateTime: (iso) => (iso ? dtf.format(new Date(iso)) : '—'),
      number: (n, digits = 0) => (n === null || n === undefined ? '—' : n.toLocaleString(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits })),
    };
  }, [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
