# JupyterHub settings for running the module's live exercises with a whole class (JupyterHub 6.1.1).
#
# Why a hub: one Jupyter server shared by a room (Voila, or `jupyter lab` on a lab machine) gives every
# visitor the same folder and the same answers file. JupyterHub gives each student a login, a server of
# their own, a folder of their own and kernels that are shut down when idle.
#
# Use: add these lines to your hub's configuration (The Littlest JupyterHub: a file in
# /opt/tljh/config/jupyterhub_config.d/; Zero to JupyterHub: hub.extraConfig), or start a hub with
# `jupyterhub -f hub/jupyterhub_config.py` plus your authenticator. Students open the exercises through
# the launch button of the site (an nbgitpuller link: set launch_buttons.jupyterhub_url in _config.yml),
# which copies the student edition into their own folder. The hub's Python needs the packages of
# requirements.txt (nbgitpuller included); the proxy comes from hub/package-lock.json (hub/setup.sh).
#
# Not set here, because each course decides: the authenticator (your university's login, LTI, or TLJH's
# default) and the spawner. Real isolation comes from the spawner: LocalProcessSpawner (and TLJH) runs each
# student as their own Unix user, KubeSpawner (Zero to JupyterHub) in their own container. The "dummy"
# authenticator and "simple" spawner used by tests/test_hub.py are for tests only: they run everyone as one
# Unix user and keep students apart only through the hub's access checks.
import os

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

#: Each student's own folder. {username} is the hub user name. TLJH homes are /home/jupyter-{username}.
STUDENT_HOME = os.environ.get("CLAIMLAB_HUB_HOME", "/home/{username}")
#: Where the exercises autosave and export, inside that folder (one place whichever notebook is open).
ANSWERS = STUDENT_HOME + "/claimlab-answers"

c.Spawner.notebook_dir = STUDENT_HOME
c.Spawner.environment = {
    # A callable runs at spawn time, with the student's spawner; the store also reads $JUPYTERHUB_USER,
    # so a student is never asked for a name and cannot type a classmate's.
    "CLAIMLAB_ANSWERS_DIR": lambda spawner: spawner.format_string(ANSWERS),
}


def _private_answers_folder(spawner) -> None:
    """Create the answers folder readable by its owner only, owned by the student's Unix user if there is one."""
    import pwd

    folder = spawner.format_string(ANSWERS)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    try:
        account = pwd.getpwnam(spawner.user.name)
    except KeyError:  # no Unix user of that name (containers, the test spawner): the hub keeps them apart
        return
    if os.geteuid() == 0:
        os.chown(folder, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = _private_answers_folder

# Idle culling, inside each student's server (no extra package): a kernel idle for 20 minutes is shut down
# (answers are already saved), and a server with no kernel and no activity for an hour stops itself; the
# student's next visit starts it again in a few seconds. For hub-wide culling add the jupyterhub-idle-culler
# service (pip install jupyterhub-idle-culler; see its README).
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=True",
    "--ServerApp.shutdown_no_activity_timeout=3600",
]
# Bounded resources per student, enforced by spawners that support them (systemd in TLJH, Kubernetes).
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1.0
