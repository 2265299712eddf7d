// Lint: TypeScript's recommended rules, plus the module boundary of ARCHITECTURE.md.
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const root = path.resolve('src');

// A module's index.ts is its only public face; the core knows no module.
const moduleBoundary = {
  meta: { type: 'problem', schema: [], messages: { internal: '{{from}} may not import {{target}}: import another module only through its index.ts', core: 'the core may not import a module ({{target}})' } },
  create(context) {
    const file = path.resolve(context.filename);
    const rel = path.relative(root, file).split(path.sep);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep);
      if (target[0] !== 'modules' || target.length < 3) return;
      if (rel[0] === 'core') return context.report({ node, messageId: 'core', data: { target: spec } });
      const own = rel[0] === 'modules' ? rel[1] : null;
      const isIndex = target.length === 3 && /^index\.(js|ts)$/.test(target[2]);
      if (target[1] !== own && !isIndex) context.report({ node, messageId: 'internal', data: { from: rel.join('/'), target: spec } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: (node) => check({ ...node, source: node.source }) };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'var/**', 'web/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { citywork: { rules: { 'module-boundary': moduleBoundary } } },
    rules: {
      'citywork/module-boundary': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
);
