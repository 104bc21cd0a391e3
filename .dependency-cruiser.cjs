/** The dependency rule of ARCHITECTURE.md: http -> services -> ports -> domain; adapters import only ports and domain. */
const adapters = '^src/(storage|providers|tools|crypto|runs|observability)/';
module.exports = {
  forbidden: [
    { name: 'domain-imports-nothing', severity: 'error', from: { path: '^src/domain/' }, to: { path: '^src/(?!domain/)' } },
    { name: 'ports-import-only-domain', severity: 'error', from: { path: '^src/ports/' }, to: { path: '^src/(?!domain/|ports/)' } },
    {
      name: 'services-import-ports-and-domain',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(?!domain/|ports/|services/)' },
    },
    {
      name: 'adapters-import-only-ports-and-domain',
      severity: 'error',
      from: { path: adapters },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/ports/', '^src/$1/'] },
    },
    {
      name: 'http-does-not-see-adapters',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(storage|providers|tools|crypto|runs|observability|config)/|^src/app\\.ts$' },
    },
    { name: 'web-imports-only-wire', severity: 'error', from: { path: '^web/src/' }, to: { path: '^src/', pathNot: '^src/http/wire/' } },
    { name: 'client-package-imports-only-wire', severity: 'error', from: { path: '^packages/client/src/' }, to: { path: '^(src|web)/', pathNot: '^src/http/wire/' } },
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
