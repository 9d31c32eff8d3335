/**
 * Architecture rules (ARCHITECTURE.md "Dependency direction"). `npm test` runs them, and
 * tests/architecture/depcruise.test.ts proves they fire on a violating fixture.
 */
// SDKs and servers the domain must not know (matched on the resolved path, so it works from any cwd).
const sdkPackages =
  "node_modules/(botbuilder|botframework-[^/]+|@azure/|@microsoft/microsoft-graph-client|@microsoft/teams-js|@microsoft/office-js|adaptivecards|better-sqlite3|express|fastify|restify|koa|pino|office-addin-mock)(/|$)";
const httpCore = "^(node:)?(http|https|http2|net)$";

module.exports = {
  forbidden: [
    {
      name: "shared-is-pure",
      comment: "shared/src (except adapters) holds the domain: no SDKs, no HTTP servers, no Office — not even type-only imports.",
      severity: "error",
      from: { path: "^shared/src", pathNot: "^shared/src/adapters/" },
      to: { path: [sdkPackages, httpCore].join("|") },
    },
    {
      name: "domain-does-not-import-adapters",
      comment: "adapters implement ports; the domain only knows the ports",
      severity: "error",
      from: { path: "^shared/src", pathNot: "^shared/src/adapters/" },
      to: { path: "^shared/src/adapters/" },
    },
    {
      name: "adapters-are-independent",
      comment: "one adapter never imports another (swapping cosmos for sqlite touches one folder)",
      severity: "error",
      from: { path: "^shared/src/adapters/([^/]+)/" },
      to: { path: "^shared/src/adapters/", pathNot: "^shared/src/adapters/$1/" },
    },
    {
      name: "bot-not-addin",
      severity: "error",
      from: { path: "^bot/" },
      to: { path: "^addin/" },
    },
    {
      name: "addin-not-bot",
      severity: "error",
      from: { path: "^addin/" },
      to: { path: "^bot/" },
    },
    {
      name: "botbuilder-only-in-bot",
      comment: "botbuilder is archived; keeping it inside bot/ makes the Agents SDK swap a one-folder change",
      severity: "error",
      from: { path: "^(shared|addin)/" },
      to: { path: "node_modules/(botbuilder|botframework-)" },
    },
    {
      name: "testing-helpers-only-in-tests",
      comment: "in-memory stores and fake Graph are for tests; production code must never run on them",
      severity: "error",
      from: { path: "^(shared|bot|addin)/src/", pathNot: ["\\.test\\.ts$", "^shared/src/testing/"] },
      to: { path: "shared/(src|dist)/testing/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^(shared|bot|addin)/src" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)dist/|^tests/fixtures/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require("node:path").join(__dirname, "tsconfig.base.json") },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
    moduleSystems: ["es6", "cjs"],
  },
};
