/** One jest run across all workspaces; ESM + @swc/jest (see ARCHITECTURE.md "Test tooling facts"). */
const swc = [
  "@swc/jest",
  {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "es6" },
    sourceMaps: "inline",
  },
];

export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  transform: { "^.+\\.ts$": swc },
  // Tests run the TypeScript sources of workspace packages, never a stale dist/.
  moduleNameMapper: {
    "^@opsco/shared/testing$": "<rootDir>/shared/src/testing/index.ts",
    "^@opsco/shared$": "<rootDir>/shared/src/index.ts",
    "^@opsco/shared/adapters/(.*)$": "<rootDir>/shared/src/adapters/$1/index.ts",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
  transformIgnorePatterns: ["node_modules/(?!(?:.*node_modules/)?(strip-bom|uuid)/)"],
  roots: ["<rootDir>/shared/src", "<rootDir>/bot/src", "<rootDir>/addin/src", "<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/tests/fixtures/"],
  modulePathIgnorePatterns: ["<rootDir>/.*/dist/"],
  testTimeout: 30000,
};
