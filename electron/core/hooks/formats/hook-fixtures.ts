/**
 * Copies of real public hook files (trimmed where long; the shape kept exactly), for the parsers' tests. Each names
 * the repository and path it was copied from.
 */

/** 0xjgv/harness `.codex/hooks.json`: a Stop hook with a timeout and a status message, no matcher. */
export const CODEX_HOOKS_JSON = `{
  "hooks": {
    "Stop": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "cd \\"$(git rev-parse --show-toplevel)\\" && .codex/hooks/codex-stop-hook.sh make -s stop-hook",
            "timeout": 300,
            "statusMessage": "Running stop-hook checks"
          }
        ]
      }
    ]
  }
}
`;

/** FouadABT/kiroween-dashtact `.kiro/hooks/prisma-sync-agent.kiro.hook` (its long prompt cut to its first lines). */
export const KIRO_LEGACY_HOOK = `{
  "enabled": true,
  "name": "Prisma Database Sync Agent",
  "description": "Monitors Prisma schema changes and automatically syncs database models between backend and frontend with comprehensive testing and verification",
  "version": "2",
  "when": {
    "type": "fileEdited",
    "patterns": [
      "backend/prisma/schema.prisma",
      "frontend/src/types/*.ts",
      "backend/src/**/*.entity.ts",
      "backend/src/**/*.dto.ts",
      "frontend/src/lib/api.ts"
    ]
  },
  "then": {
    "type": "askAgent",
    "prompt": "A database schema or model file has been modified. Please analyze the changes and perform a SAFE, VERIFIED sync operation:\\n\\n## PHASE 1: ANALYSIS & SAFETY CHECK"
  }
}`;

/** pranshusharmaa/Kiroween_Hackathon `.kiro/hooks/docs-sync.kiro.hook`: an invented `trigger`/`action` shape Kiro never read (cut). */
export const KIRO_INVENTED_HOOK = `{
  "name": "Documentation Sync",
  "description": "Automatically update documentation when module files change",
  "version": "1.0.0",
  "trigger": {
    "type": "fileSave",
    "patterns": ["src/modules/**/*.ts", "src/app/api/**/*.ts", "prisma/schema.prisma"],
    "excludePatterns": ["**/*.test.ts", "**/*.spec.ts"]
  },
  "action": {
    "type": "sendMessage",
    "message": "A module or API file was just saved. Please update the documentation to reflect any changes."
  },
  "enabled": true,
  "metadata": { "author": "Runbook Revenant Team", "category": "documentation" }
}
`;

/** ihatesea69/kiro-kit `.kiro/hooks/run-tests-on-save.json`: a v1 file, its one hook disabled. */
export const KIRO_V1_HOOKS = `{
  "version": "v1",
  "hooks": [
    {
      "name": "Run Tests on Save",
      "description": "When a test file is saved, run its suite and surface failures. Disabled by default (agent actions use credits).",
      "enabled": false,
      "trigger": "PostFileSave",
      "matcher": "(\\\\.(test|spec)\\\\.[^/]+|_test\\\\.[^/]+|(^|/)test_[^/]+\\\\.py)$",
      "action": {
        "type": "agent",
        "prompt": "A test file was just saved. Run the test suite that covers this file. If any tests fail, summarize the failures and propose the minimal fix. Report a concise pass/fail result — do not modify unrelated files."
      }
    }
  ]
}
`;

/**
 * The audit-logging agent of aws/amazon-q-developer-cli `docs/agent-format.md` (its `hooks` field example) as a file,
 * plus one preToolUse entry of ours with `@git/status`, `timeout_ms` and `cache_ttl_seconds`.
 */
export const KIRO_AGENT_WITH_HOOKS = `{
  "name": "aws-specialist",
  "description": "AWS infrastructure specialist with audit logging",
  "tools": ["fs_read", "fs_write", "fs_list", "execute_bash"],
  "allowedTools": ["fs_read", "fs_list"],
  "hooks": {
    "agentSpawn": [{ "command": "echo \\"Agent session started at $(date)\\" >> /tmp/kiro-audit.log" }],
    "preToolUse": [
      {
        "matcher": "execute_bash",
        "command": "{ echo \\"$(date) - Shell command requested:\\"; cat; } >> /tmp/kiro-audit.log"
      },
      { "matcher": "@git/status", "command": "git diff --stat", "timeout_ms": 5000, "cache_ttl_seconds": 60 }
    ],
    "stop": [{ "command": "echo \\"Agent session ended at $(date)\\" >> /tmp/kiro-audit.log" }]
  }
}
`;
