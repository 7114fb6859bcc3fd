/**
 * The places the sandbox protects by default, by why. Paths under a home are
 * relative to it; the policy applies them to the user's home ($HOME) and to
 * the account's home from the password database when that differs (root's
 * /root while HOME points elsewhere).
 */

/** Names that stay read-only in every writable root, even before they exist: git's config and hooks run code outside the sandbox. */
export const PROTECTED_NAMES = ['.git', '.trellis'];

/** Credential stores, password managers, shell histories and browser data under a home, hidden from every sandboxed command. */
export const DEFAULT_DENY_READ_IN_HOME = [
  '.ssh',
  '.gnupg',
  '.netrc',
  '.git-credentials',
  '.config/git/credentials',
  '.config/gh',
  '.config/hub',
  '.config/glab-cli',
  // package registries: tokens and index URLs with passwords
  '.npmrc',
  '.config/npm/npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.bunfig.toml',
  '.pypirc',
  '.pip/pip.conf',
  '.config/pip/pip.conf',
  '.config/pypoetry/auth.toml',
  '.local/share/python_keyring',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.m2/settings.xml',
  '.m2/settings-security.xml',
  '.gradle/gradle.properties',
  '.nuget/NuGet/NuGet.Config',
  '.composer/auth.json',
  '.config/composer/auth.json',
  '.pub-cache/credentials.json',
  '.config/dart/pub-credentials.json',
  '.config/configstore',
  // containers and clusters
  '.docker',
  '.config/containers/auth.json',
  '.kube',
  '.config/helm',
  // cloud CLIs
  '.aws',
  '.config/gcloud',
  '.azure',
  '.oci',
  '.config/doctl',
  '.config/hcloud',
  '.config/linode-cli',
  '.config/scw',
  '.aliyun',
  '.s3cfg',
  '.boto',
  '.config/rclone',
  '.terraform.d/credentials.tfrc.json',
  '.terraformrc',
  '.vault-token',
  '.fly',
  '.config/netlify',
  '.netlify',
  '.vercel',
  '.local/share/com.vercel.cli',
  '.wrangler',
  '.config/.wrangler',
  '.supabase',
  '.config/stripe',
  '.config/sops',
  // databases
  '.pgpass',
  '.my.cnf',
  '.mylogin.cnf',
  // agents' own keys
  '.codex/auth.json',
  '.claude/.credentials.json',
  // password managers, keychains and certificate stores
  '.password-store',
  '.config/op',
  '.op',
  '.config/1Password',
  '.config/Bitwarden',
  '.config/Bitwarden CLI',
  '.local/share/keyrings',
  '.local/share/kwalletd',
  '.pki',
  // shell and REPL histories (pasted tokens, passwords typed as arguments)
  '.bash_history',
  '.zsh_history',
  '.zhistory',
  '.history',
  '.local/share/fish/fish_history',
  '.python_history',
  '.node_repl_history',
  '.psql_history',
  '.mysql_history',
  '.sqlite_history',
  // browser and mail profiles
  '.mozilla',
  '.thunderbird',
  '.librewolf',
  '.config/google-chrome',
  '.config/google-chrome-beta',
  '.config/google-chrome-unstable',
  '.config/chromium',
  '.config/BraveSoftware',
  '.config/microsoft-edge',
  '.config/vivaldi',
  '.config/opera',
  'snap/firefox',
  'snap/chromium',
  'snap/thunderbird',
  '.var/app/org.mozilla.firefox',
  '.var/app/com.google.Chrome',
  '.var/app/org.chromium.Chromium',
  // macOS: keychains, cookies, browser profiles (Seatbelt matches these by path)
  'Library/Keychains',
  'Library/Cookies',
  'Library/Safari',
  'Library/Containers/com.apple.Safari',
  'Library/Application Support/Google/Chrome',
  'Library/Application Support/Chromium',
  'Library/Application Support/Firefox',
  'Library/Application Support/BraveSoftware',
  'Library/Application Support/Microsoft Edge',
  'Library/Application Support/1Password',
  'Library/Application Support/com.apple.TCC',
];

/**
 * Secrets of the machine itself. Unreadable to an ordinary user already; when
 * Trellis runs as root the sandbox's uid 0 is the host's, so they are hidden
 * explicitly. Host SSH keys are added by name by the policy (their names vary).
 */
export const SYSTEM_SECRET_PATHS = [
  '/etc/shadow',
  '/etc/shadow-',
  '/etc/gshadow',
  '/etc/gshadow-',
  '/etc/security/opasswd',
  '/etc/sudoers',
  '/etc/sudoers.d',
  '/etc/ssl/private',
  '/etc/letsencrypt',
  '/etc/krb5.keytab',
  '/etc/wireguard',
  '/etc/NetworkManager/system-connections',
  '/etc/ipsec.secrets',
  '/etc/ppp/chap-secrets',
  '/etc/ppp/pap-secrets',
  '/etc/docker/key.json',
  '/var/lib/sss/secrets',
  '/var/db/sudo',
  '/private/etc/master.passwd',
];

/**
 * Where host daemons listen: the session and system buses, systemd, container
 * engines, printing, udev, init's FIFO, secrets mounted by container runtimes.
 * A read-only bind of `/` does not stop connect() on a Unix socket or a write
 * to a FIFO, and a daemon that trusts its peer's uid (uid 0 when Trellis runs
 * as root) would act outside the sandbox; so all of /run is hidden. Linux
 * shows the symlinks directly in /run again (NixOS keeps its system profile
 * there) and /etc/resolv.conf's target, read-only.
 */
export const HOST_IPC_PATHS = [
  '/run',
  '/var/run',
  '/var/lib/incus/unix.socket',
  '/var/lib/lxd/unix.socket',
  '/var/snap/lxd/common/lxd/unix.socket',
];

/**
 * Files and folders under a home that run code outside the sandbox later:
 * shell and session start-up, git's global config (hooks, fsmonitor, pagers),
 * editors' start-up, autostart entries and systemd user units, package
 * managers' configs (npm's `node-options`, pip's index), ssh's client config,
 * and `~/.local/bin`, whose commands shadow real ones on PATH. Read-only
 * wherever a writable root holds them, and their creation is blocked too.
 */
export const STARTUP_FILES_IN_HOME = [
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.bash_aliases',
  '.bashrc.d',
  '.profile',
  '.zshrc',
  '.zshenv',
  '.zprofile',
  '.zlogin',
  '.zlogout',
  '.oh-my-zsh',
  '.cshrc',
  '.tcshrc',
  '.kshrc',
  '.mkshrc',
  '.inputrc',
  '.xprofile',
  '.xinitrc',
  '.xsession',
  '.xsessionrc',
  '.Xresources',
  '.pam_environment',
  '.config/fish',
  '.config/nushell',
  '.config/autostart',
  '.config/systemd',
  '.config/environment.d',
  '.config/plasma-workspace',
  '.local/share/systemd',
  '.local/bin',
  'bin',
  '.gitconfig',
  '.config/git',
  '.ssh',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.config/pip',
  '.pip',
  '.cargo/config',
  '.cargo/config.toml',
  '.cargo/bin',
  '.vimrc',
  '.vim',
  '.config/nvim',
  '.emacs',
  '.emacs.d',
  '.config/Code/User/settings.json',
  '.pythonrc',
  '.pythonstartup',
  '.config/direnv',
  '.tmux.conf',
  '.config/tmux',
  'Library/LaunchAgents',
];
