/* version.h — the version piimap reports (--version, data maps, the inventory). */
#ifndef PM_VERSION_H
#define PM_VERSION_H

#define PM_VERSION "0.1.0"

#endif
