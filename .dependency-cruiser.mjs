/**
 * The architecture's rules, checked on the import graph (npm run lint): no cycles (of imports that
 * run; a type may name a type that names it back);
 * domain/ imports nothing but domain/; config/ nothing but config/; the interfaces (api/, fhir/,
 * auth/, web/) and their shared middleware (http/) never reach the store; each interface mounts
 * itself and imports no other (http/ imports none); services/ never reach an interface or the
 * store. See README "Architecture".
 */
export default {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'A cycle means two modules are one: split the shared part out.', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
    { name: 'domain-is-pure', severity: 'error', comment: 'domain/ is pure rules: it imports only domain/.', from: { path: '^src/domain/' }, to: { path: '^src/', pathNot: '^src/domain/' } },
    { name: 'config-is-a-leaf', severity: 'error', comment: 'config/ is what the app needs and the environment rules: it imports only config/.', from: { path: '^src/config/' }, to: { path: '^src/', pathNot: '^src/config/' } },
    {
      name: 'interfaces-use-services',
      severity: 'error',
      comment: 'Interfaces and their middleware reach data only through the use cases (services/).',
      from: { path: '^src/(api|fhir|auth|web|http)/' },
      to: { path: '^src/(store|entry|demo)/|^src/app\\.ts$' },
    },
    {
      name: 'interfaces-are-separate',
      severity: 'error',
      comment: 'Each interface mounts itself (its mount.ts); what two share goes in http/ (or auth/ for who calls).',
      from: { path: '^src/(api|fhir|auth|web)/' },
      // $1: the importing interface, which imports itself freely.
      to: { path: '^src/(api|fhir|web)/', pathNot: '^src/$1/' },
    },
    {
      name: 'http-is-shared',
      severity: 'error',
      comment: 'http/ is the middleware every interface shares: it knows none of them.',
      from: { path: '^src/http/' },
      to: { path: '^src/(api|fhir|web)/' },
    },
    {
      name: 'services-know-no-interface',
      severity: 'error',
      comment: 'Use cases depend on the domain and their own ports only.',
      from: { path: '^src/services/' },
      to: { path: '^src/(api|fhir|auth|web|http|config|store|entry|demo)/|^src/app\\.ts$' },
    },
    {
      name: 'notify-delivers',
      severity: 'error',
      comment: 'notify/ delivers the outbox through the ports services declare: it knows no interface and no store.',
      from: { path: '^src/notify/' },
      to: { path: '^src/(api|fhir|auth|web|http|store|entry|demo)/|^src/app\\.ts$' },
    },
    {
      name: 'only-entries-deliver',
      severity: 'error',
      comment: 'Only an entry starts a dispatcher; the use cases write the outbox and never deliver.',
      from: { path: '^src/', pathNot: '^src/(entry|notify)/' },
      to: { path: '^src/notify/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|src/fhir/validation/generated/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
