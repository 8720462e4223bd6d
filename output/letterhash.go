package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// letterHash digests a letter's text, so that the ledger can tell what was sent.
func letterHash(t letterText) string {
	b, _ := json.Marshal(t)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
