package lspclient

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"
)

// clockTick is the unit of /proc/PID/stat's CPU times (USER_HZ, 100 on
// Linux on every architecture Go supports).
const clockTick = 10 * time.Millisecond

// CPUTime returns the CPU time (user and system, of all its threads and
// of the children it waited for) the server process has used so far. On
// a loaded machine it measures a server's work where wall time measures
// the other processes too. Linux only (it reads /proc).
func (c *Client) CPUTime() (time.Duration, error) {
	if c.cmd == nil || c.cmd.Process == nil {
		return 0, fmt.Errorf("lspclient: no server process")
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("lspclient: %w", err)
	}
	return parseStatCPU(stat)
}

// parseStatCPU sums utime, stime, cutime and cstime (fields 14-17) of a
// /proc/PID/stat line. The command name (field 2) is parenthesised and
// may hold spaces, so fields are counted after its closing parenthesis.
func parseStatCPU(stat []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("lspclient: malformed /proc stat")
	}
	fields := bytes.Fields(stat[i+1:])
	// fields[0] is field 3 (state); utime is field 14.
	if len(fields) < 15 {
		return 0, fmt.Errorf("lspclient: short /proc stat")
	}
	var ticks int64
	for _, f := range fields[11:15] {
		n, err := strconv.ParseInt(string(f), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("lspclient: /proc stat: %w", err)
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick, nil
}
