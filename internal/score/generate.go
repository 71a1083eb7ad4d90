package score

// The data files are committed; regenerating needs Node.js and npm.
//go:generate sh -c "cd gen && npm ci --ignore-scripts --no-audit --no-fund && node gen.mjs"
