// Command kube-launcher starts a real Kubernetes control plane for the tests: an etcd embedded in
// this process and the kube-apiserver program built from the same Kubernetes release, with
// secure serving, RBAC, the default admission chain and service-account signing keys, and one
// static token and kubeconfig per identity.
//
// It prints "key: value" lines on standard output, the last one "ready: <seconds>", and stops
// both servers on SIGINT or SIGTERM. If this process is killed, the kernel kills kube-apiserver
// too (parent-death signal).
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// identity is one static-token user of the API server and the kubeconfig that carries it.
type identity struct {
	name   string
	user   string
	groups []string
	token  string
}

type identities []identity

func (ids *identities) String() string { return fmt.Sprint(len(*ids)) }

// Set parses NAME=USER[:GROUP,GROUP...].
func (ids *identities) Set(v string) error {
	name, rest, ok := strings.Cut(v, "=")
	if !ok || name == "" || rest == "" {
		return fmt.Errorf("want NAME=USER[:GROUP,GROUP...], got %q", v)
	}
	user, groups, _ := strings.Cut(rest, ":")
	id := identity{name: name, user: user}
	if groups != "" {
		id.groups = strings.Split(groups, ",")
	}
	*ids = append(*ids, id)
	return nil
}

func main() {
	started := time.Now()
	dir := flag.String("dir", "", "state directory (certificates, tokens, kubeconfigs, etcd data, logs; etcd data of an earlier start is removed); default a new temporary directory, removed on exit")
	apiserverPath := flag.String("kube-apiserver", "", "the kube-apiserver program; default the one beside this program")
	port := flag.Int("port", 0, "the API server's secure port on 127.0.0.1; 0 picks a free one")
	noFsync := flag.Bool("etcd-unsafe-no-fsync", false, "etcd does not fsync (faster, loses data on a crash of the machine)")
	audit := flag.Bool("audit", true, "write every request's metadata (user, verb, URI, response code) to DIR/audit.log, one JSON event a line")
	exitWithStdin := flag.Bool("exit-with-stdin", false, "stop when standard input ends, so that a parent that dies (even by SIGKILL) takes both servers with it")
	var extra identities
	flag.Var(&extra, "identity", "one more static-token identity NAME=USER[:GROUP,...] with its own NAME.kubeconfig (repeatable)")
	flag.Parse()

	if err := run(started, *dir, *apiserverPath, *port, *noFsync, *audit, *exitWithStdin, extra); err != nil {
		fmt.Fprintln(os.Stderr, "kube-launcher:", err)
		os.Exit(1)
	}
}

func run(started time.Time, dir, apiserverPath string, port int, noFsync, audit, exitWithStdin bool, extra identities) error {
	removeDir := false
	if dir == "" {
		d, err := os.MkdirTemp("", "kube-launcher-")
		if err != nil {
			return err
		}
		dir, removeDir = d, true
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if removeDir {
		defer os.RemoveAll(dir)
	}
	// Each start is a new cluster: etcd data left in the folder by an earlier start is removed.
	if err := os.RemoveAll(filepath.Join(dir, "etcd")); err != nil {
		return err
	}
	if apiserverPath == "" {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		apiserverPath = filepath.Join(filepath.Dir(self), "kube-apiserver")
	}

	ids := append(identities{
		{name: "admin", user: "admin", groups: []string{"system:masters"}},
		// What a ServiceAccount token of ecr-operator/ecr-operator carries; the API server adds
		// system:authenticated itself.
		{name: "operator", user: "system:serviceaccount:ecr-operator:ecr-operator",
			groups: []string{"system:serviceaccounts", "system:serviceaccounts:ecr-operator"}},
	}, extra...)
	for i := range ids {
		ids[i].token = randomHex(24)
	}

	pki := filepath.Join(dir, "pki")
	if err := os.MkdirAll(pki, 0o700); err != nil {
		return err
	}
	caPEM, err := writeServingCertificates(pki)
	if err != nil {
		return fmt.Errorf("certificates: %w", err)
	}
	if err := writeServiceAccountKeys(pki); err != nil {
		return fmt.Errorf("service-account keys: %w", err)
	}
	if err := writeTokenFile(filepath.Join(pki, "tokens.csv"), ids); err != nil {
		return err
	}

	if port == 0 {
		if port, err = freePort(); err != nil {
			return err
		}
	}
	endpoint := fmt.Sprintf("https://127.0.0.1:%d", port)

	etcd, etcdURL, err := startEtcd(dir, noFsync)
	if err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	defer etcd.Close()
	fmt.Printf("etcd: %s\n", etcdURL)

	logFile, err := os.Create(filepath.Join(dir, "kube-apiserver.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--tls-cert-file=" + filepath.Join(pki, "apiserver.crt"),
		"--tls-private-key-file=" + filepath.Join(pki, "apiserver.key"),
		"--token-auth-file=" + filepath.Join(pki, "tokens.csv"),
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--api-audiences=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + filepath.Join(pki, "sa.pub"),
		"--service-account-signing-key-file=" + filepath.Join(pki, "sa.key"),
		"--service-cluster-ip-range=10.0.0.0/24",
		// No kubelets, and 127.0.0.1 is not a valid endpoint address: the kubernetes Service gets
		// no endpoints, which nothing here needs.
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		"--cert-dir=" + filepath.Join(dir, "apiserver-certs"),
	}
	if audit {
		policy := filepath.Join(dir, "audit-policy.yaml")
		// One event per request when its answer is complete, and for a watch also when it starts;
		// no bodies.
		if err := os.WriteFile(policy, []byte(auditPolicy), 0o644); err != nil {
			return err
		}
		args = append(args,
			"--audit-policy-file="+policy,
			"--audit-log-path="+filepath.Join(dir, "audit.log"),
			"--audit-log-format=json",
			"--audit-log-maxsize=0")
	}
	cmd := exec.Command(apiserverPath, args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", apiserverPath, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(15 * time.Second):
				_ = cmd.Process.Kill()
				<-exited
			}
		}
	}

	kubeconfigs := map[string]string{}
	for _, id := range ids {
		path := filepath.Join(dir, id.name+".kubeconfig")
		if err := writeKubeconfig(path, endpoint, caPEM, id); err != nil {
			stop()
			return err
		}
		kubeconfigs[id.name] = path
	}

	admin := ids[0]
	version, err := waitReady(endpoint, caPEM, admin.token, exited, 3*time.Minute)
	if err != nil {
		stop()
		return fmt.Errorf("%w (log: %s)", err, logFile.Name())
	}

	fmt.Printf("dir: %s\n", dir)
	fmt.Printf("kubernetes: %s\n", version)
	fmt.Printf("endpoint: %s\n", endpoint)
	fmt.Printf("ca: %s\n", filepath.Join(pki, "ca.crt"))
	fmt.Printf("log: %s\n", logFile.Name())
	if audit {
		fmt.Printf("audit: %s\n", filepath.Join(dir, "audit.log"))
	}
	for _, id := range ids {
		fmt.Printf("kubeconfig %s: %s\n", id.name, kubeconfigs[id.name])
	}
	fmt.Printf("ready: %.1f\n", time.Since(started).Seconds())

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	stdinClosed := make(chan struct{})
	if exitWithStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			close(stdinClosed)
		}()
	}
	select {
	case sig := <-signals:
		fmt.Fprintf(os.Stderr, "kube-launcher: %s, stopping\n", sig)
		stop()
		return nil
	case <-stdinClosed:
		fmt.Fprintln(os.Stderr, "kube-launcher: standard input closed, stopping")
		stop()
		return nil
	case err := <-exited:
		return fmt.Errorf("kube-apiserver exited: %v (log: %s)", err, logFile.Name())
	}
}

const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
`

func startEtcd(dir string, noFsync bool) (*embed.Etcd, string, error) {
	clientPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	peerPort, err := freePort()
	if err != nil {
		return nil, "", err
	}
	client, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", clientPort))
	peer, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", peerPort))
	cfg := embed.NewConfig()
	cfg.Name = "etcd"
	cfg.Dir = filepath.Join(dir, "etcd")
	cfg.ListenClientUrls = []url.URL{*client}
	cfg.AdvertiseClientUrls = []url.URL{*client}
	cfg.ListenPeerUrls = []url.URL{*peer}
	cfg.AdvertisePeerUrls = []url.URL{*peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "error"
	cfg.LogOutputs = []string{filepath.Join(dir, "etcd.log")}
	cfg.UnsafeNoFsync = noFsync
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, "", err
	}
	select {
	case <-e.Server.ReadyNotify():
		return e, client.String(), nil
	case err := <-e.Err():
		e.Close()
		return nil, "", err
	case <-time.After(60 * time.Second):
		e.Close()
		return nil, "", errors.New("not ready within 60s")
	}
}

// waitReady polls /readyz until the API server answers 200, then returns its version.
func waitReady(endpoint string, caPEM []byte, token string, exited <-chan error, limit time.Duration) (string, error) {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	get := func(path string) (int, []byte, error) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, endpoint+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp.StatusCode, body, err
	}
	deadline := time.Now().Add(limit)
	var last string
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return "", fmt.Errorf("kube-apiserver exited before it was ready: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
		code, body, err := get("/readyz")
		if err != nil {
			last = err.Error()
			continue
		}
		if code != http.StatusOK {
			last = fmt.Sprintf("/readyz %d: %s", code, strings.TrimSpace(string(body)))
			continue
		}
		_, body, err = get("/version")
		if err != nil {
			return "", err
		}
		var v struct {
			GitVersion string `json:"gitVersion"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			return "", fmt.Errorf("/version: %w", err)
		}
		return v.GitVersion, nil
	}
	return "", fmt.Errorf("not ready within %s; last answer: %s", limit, last)
}

// writeServingCertificates makes a CA and a serving certificate for 127.0.0.1, ::1 and
// localhost, signed by it. It returns the CA certificate (PEM) that clients trust.
func writeServingCertificates(pki string) ([]byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "ecr-operator test cluster CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "kube-apiserver"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.IPv6loopback},
		DNSNames:     []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	if err := os.WriteFile(filepath.Join(pki, "ca.crt"), caPEM, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(pki, "apiserver.crt"),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	return caPEM, os.WriteFile(filepath.Join(pki, "apiserver.key"),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
}

// writeServiceAccountKeys makes the key pair that signs and verifies service-account tokens.
func writeServiceAccountKeys(pki string) error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(pki, "sa.key"),
		pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(pki, "sa.pub"),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o644)
}

// writeTokenFile writes kube-apiserver's static token file: token,user,uid,"group,group".
func writeTokenFile(path string, ids identities) error {
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "%s,%s,%s,\"%s\"\n", id.token, id.user, id.name, strings.Join(id.groups, ","))
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// writeKubeconfig writes a self-contained kubeconfig (CA and token inline), atomically, so that
// a reader never sees half a file.
func writeKubeconfig(path, endpoint string, caPEM []byte, id identity) error {
	content := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: %s
  user:
    token: %s
contexts:
- name: %s
  context:
    cluster: test
    user: %s
    namespace: default
current-context: %s
`, endpoint, base64.StdEncoding.EncodeToString(caPEM), id.name, id.token, id.name, id.name, id.name)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
