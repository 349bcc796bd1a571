/* storage/q_playbook.h - placeholder. */
#ifndef HERALD_STORAGE_Q_PLAYBOOK_H
#define HERALD_STORAGE_Q_PLAYBOOK_H
#endif
